// implemented by the config loader
