"""wi3: diagnose and grow Enterprise 2.0 initiatives with the WI3 growth model."""
