# ha-dataplane-prefix-routes.post.sh - its captures, checked as ha-dataplane.post.sh checks
# those of ha-dataplane
. "$LAB_SRC/scenarios/ha-dataplane.post.sh"
