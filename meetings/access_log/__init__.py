"""The access log: who opened which paper or papers pack, recorded as files are served, and
its read-only listing in the admin."""
