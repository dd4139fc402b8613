"""The audit: a poster checked against the vendor tables kept in its folder (issue 20)."""
