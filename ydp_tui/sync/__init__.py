"""Sync by export bundles between machines that never talk (DESIGN.md, Sync by export bundles).

- ``clock``: hybrid logical clocks and version vectors.
- ``bundle``: the ``.ydpb`` file (zip; manifest in the clear bound as associated data; the
  changes AES-256-GCM encrypted with a key from the division's passphrase through scrypt).
- ``merge``: verify a bundle's changes and apply them in one transaction, per-field
  last-writer-wins by (clock, site id), conflicts kept; ``AFTER_APPLY`` hooks.
- ``conflicts``: the supervisor's list and resolution; ``people``: possible duplicate people.
- ``peers``: what this database knows about other machines; ``service``: export, import,
  inspect, the sync screen's status (the CLI and the screens call these).
"""
