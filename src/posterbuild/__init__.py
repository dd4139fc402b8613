"""posterbuild: versioned YAML data and layouts in, print-ready PDF posters out."""

__all__ = ["__version__"]

__version__ = "0.1.0"
