"""The HTTP layer: dependencies (:mod:`.deps`) and one router module per resource."""
