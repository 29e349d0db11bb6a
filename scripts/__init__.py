"""Developer scripts: the local endpoint behind `make deploy-local` and the end-to-end tests."""
