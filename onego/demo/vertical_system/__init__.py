"""A stand-in for a provincial vertical system (省就业创业补贴业务系统（仿真替身，演示用）).

Seed case 7's robots work in systems OneGo cannot integrate with: no API, only web pages. This package is a
small WSGI application that plays such a system for the demo and the tests — login, a paged table of pending
subsidy claims, record pages with attachments, a result form — with the awkward markup, session expiry and slow
pages of the real ones. It is NOT a provincial system and is never imported by OneGo's runtime code: a real
deployment points the robots at the real system. See README.md.

- `app`: the WSGI application and its faults; `store`: its own sqlite3 file; `pages`: the HTML;
- `testing.running()`: serve it in a background thread (tests, benchmarks); `python -m onego.demo.vertical_system`:
  serve it from the command line (`make run`).
"""
