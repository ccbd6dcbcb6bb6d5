"""Measurement, as a package: `python -m bench` (make bench) and its parts.

- ``process``: start and stop a server on loopback; a process tree's CPU and RSS;
- ``workloads``: each declared check's distinct bodies, and its limit beside it;
- ``floor``: the bare Litestar app every ratio divides by, and each check's limit;
- ``wrk``: the wrk driver (``requests.lua``) and a row's rounds;
- ``inprocess``, ``check_file``: in-process timings; check-file over ``customers``' file;
- ``report``: the Markdown table written to bench/results/;
- ``soak``, ``batch_loop``, ``drain``, ``profile``: `make soak`, `make batch-loop`,
  `make drain-check`, `make profile` (``python -m bench.<name>``).
"""
