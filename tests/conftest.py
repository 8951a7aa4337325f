# Collect tests/**/*.mud transcripts as test items (docs/transcripts.md).
pytest_plugins = ["sandbox.transcript.pytest_plugin"]
