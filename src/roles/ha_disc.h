/* ha_disc.h - the home agent's part of discovery (RFC 6275 10.5, 10.6): Home Agents List,
 * DHAAD Replies, Mobile Prefix Advertisements; mip6d-ctl hal */
#ifndef MIP6D_HA_DISC_H
#define MIP6D_HA_DISC_H

struct conf;

/* 0, or -1 when the ICMPv6 socket could not be opened (the home agent runs without). */
int	ha_disc_start(const struct conf *c);
/* A reloaded configuration; changed home prefixes go to registered mobile nodes in
 * unsolicited Mobile Prefix Advertisements (RFC 6275 10.6.2). */
void	ha_disc_reload(const struct conf *c);
void	ha_disc_stop(void);

#endif
