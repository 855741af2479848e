#!/bin/sh
# The radvd configuration shipped beside the home agent's must be one radvd accepts.
command -v radvd >/dev/null 2>&1 || { echo "radvd not installed: skipped"; exit 77; }
exec radvd --configtest -C "${srcdir:-.}/etc/radvd-home-agent.conf"
