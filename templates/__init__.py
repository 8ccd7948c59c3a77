# This folder is installed as the package data `generator.templates` (see pyproject.toml),
# so `pip install .` ships the default page templates with the generator.
