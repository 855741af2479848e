#!/bin/sh
# The radvd configurations shipped beside the home agent's must be ones radvd accepts.
command -v radvd >/dev/null 2>&1 || { echo "radvd not installed: skipped"; exit 77; }
radvd --configtest -C "${srcdir:-.}/etc/radvd-home-agent.conf" &&
    exec radvd --configtest -C "${srcdir:-.}/etc/radvd-second-home-agent.conf"
