/* mn_nemo.h - the Mobile Node as a mobile router (RFC 3963 5): Binding Updates with the R flag
 * and Mobile Network Prefix options, the mobile network's traffic through the reverse tunnel,
 * forwarding on.  The role calls in at a few points; nothing here when no home address has a
 * mobile-router section. */
#ifndef MIP6D_MN_NEMO_H
#define MIP6D_MN_NEMO_H

#include <netinet/in.h>

struct conf;
struct mh_ba;
struct mh_bu;

/* RFC 3963 5: a mobile router forwards between its mobile networks and the tunnel.  Turns
 * forwarding on (put back at stop), keeping Router Advertisements accepted on the egress
 * interfaces (accept_ra 2).  Before mn_kern_start.  0, or -1. */
int	mn_nemo_start(const struct conf *c);
void	mn_nemo_reload(const struct conf *c);
void	mn_nemo_stop(void);

/* RFC 3963 5.1, 5.2: the R flag, and in explicit mode one Mobile Network Prefix option per
 * prefix (not in a de-registration), into a home registration BU for hoa. */
void	mn_nemo_bu(const struct in6_addr *hoa, struct mh_bu *bu);
/* RFC 3963 5.3: an accepting BA without R comes from a home agent that does not serve us as a
 * mobile router.  0 when the BA is fine, -1 when it is such a refusal. */
int	mn_nemo_ba_check(const struct in6_addr *hoa, const struct mh_ba *ba);

/* RFC 3963 5.5: away, traffic from the mobile network prefixes goes through the tunnel (the
 * rule "from MNP" to the home address' table); at home, or stopping, the rules go.  Called
 * by mn_kern_away_set / _del.  0, or -1. */
int	mn_nemo_away(const struct in6_addr *hoa, int add);

#endif
