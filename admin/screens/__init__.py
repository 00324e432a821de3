"""Admin app layer (Qt): one screen, one class, one file. Each screen talks only to
:class:`admin.backend.AdminBackend`, through :class:`admin.worker.Runner`."""
