# prefix-discovery-prefix-routes.post.sh - its captures, checked as prefix-discovery.post.sh
# checks those of prefix-discovery
. "$LAB_SRC/scenarios/prefix-discovery.post.sh"
