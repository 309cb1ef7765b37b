"""The console's pages, one module each; every module's install(site) registers its routes."""
