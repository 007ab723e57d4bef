"""The Baiyun demo (白云区演示数据): departments and one user per role, persons and enterprises, standard
addresses, shared records, licence types, the service catalogue, the policy catalogue and enterprise facts.

Pure data and the helpers that load it. Only `manage.py seed_demo` (with `demo_logins` and `demo_totp`), the
tests and the benchmarks import this package; runtime code never does, so an installation without the demo
has nothing of it but what `seed_demo` wrote. Every loader refuses production (`accounts.refuse_in_production`).

- `accounts`: departments (generated credit codes, `is_demo_code`), users, persons, enterprises, addresses,
  the shared demo password and TOTP secret.
- `shared_records`: health certificates, household, marriage and social-insurance records, through the
  shared-data importer.
- `licence_types`: the e-licence types the catalogue issues and accepts.
- `catalogue.json` and `catalogue`: the service catalogue as a file in the project's own export format
  (`manage.py export_catalog`), loaded through `import_catalog`.
- `policy_data`, `facts` and `policies`: the policy catalogue, the enterprise facts and their loader.
- `subsidy_world`: the employment-subsidy claims of seed case 7 and the shared data they are checked against
  (contributions, payments, enterprises), one deterministic world for the stand-in and OneGo's registry.
- `vertical_system`: the STAND-IN provincial subsidy system the robots work in (a small WSGI app of its own,
  served on port 8100 by `make run`); a real deployment points the robots at the real system.
- `paper`: ID cards, business licences, labour contracts and payroll statements drawn as images.
- `robot_scripts` and `prereview_seed`: the demo's robots for the stand-in, the subsidy schemes and their rules.
"""
