"""The contract diff and the judges: `stele check` reasoning on the contracts themselves.

`diff.diff_projects` turns two versions of a project into a typed list of changes, one per
changed attribute of each element, located in both YAML versions by construction. The judges
(`judges.judge`) decide, per change, format and direction, who breaks and how, in the YAML's
terms. Pure functions over the IR: nothing here imports a codec or a schema library.
"""
