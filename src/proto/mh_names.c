/* mh_names.c - names of Mobility Header types, status codes, options and parse verdicts, for
 * logs and counters (IANA "Mobile IPv6 parameters") */
#include <stdio.h>

#include "mh.h"

static const struct {
	const char	*name;
	const char	*rx;
	const char	*tx;
} mh_types[] = {
	[MH_TYPE_BRR] = { "Binding Refresh Request", "rx.brr", "tx.brr" },
	[MH_TYPE_HOTI] = { "Home Test Init", "rx.hoti", "tx.hoti" },
	[MH_TYPE_COTI] = { "Care-of Test Init", "rx.coti", "tx.coti" },
	[MH_TYPE_HOT] = { "Home Test", "rx.hot", "tx.hot" },
	[MH_TYPE_COT] = { "Care-of Test", "rx.cot", "tx.cot" },
	[MH_TYPE_BU] = { "Binding Update", "rx.bu", "tx.bu" },
	[MH_TYPE_BA] = { "Binding Acknowledgement", "rx.ba", "tx.ba" },
	[MH_TYPE_BE] = { "Binding Error", "rx.be", "tx.be" },
	[MH_TYPE_FBU] = { "Fast Binding Update", "rx.fbu", "tx.fbu" },
	[MH_TYPE_FBACK] = { "Fast Binding Acknowledgment", "rx.fback", "tx.fback" },
	[MH_TYPE_FNA] = { "Fast Neighbor Advertisement", "rx.fna", "tx.fna" },
	[MH_TYPE_EXP] = { "Experimental Mobility Header", "rx.exp", "tx.exp" },
	[MH_TYPE_HAS] = { "Home Agent Switch", "rx.has", "tx.has" },
	[MH_TYPE_HB] = { "Heartbeat", "rx.hb", "tx.hb" },
	[MH_TYPE_HI] = { "Handover Initiate", "rx.hi", "tx.hi" },
	[MH_TYPE_HACK] = { "Handover Acknowledge", "rx.hack", "tx.hack" },
	[MH_TYPE_BR] = { "Binding Revocation", "rx.brev", "tx.brev" },
	[MH_TYPE_LRI] = { "Localized Routing Initiation", "rx.lri", "tx.lri" },
	[MH_TYPE_LRA] = { "Localized Routing Acknowledgment", "rx.lra", "tx.lra" },
	[MH_TYPE_UPN] = { "Update Notification", "rx.upn", "tx.upn" },
	[MH_TYPE_UPA] = { "Update Notification Acknowledgement", "rx.upa", "tx.upa" },
	[MH_TYPE_FB] = { "Flow Binding", "rx.fb", "tx.fb" },
	[MH_TYPE_SQ] = { "Subscription Query", "rx.sq", "tx.sq" },
	[MH_TYPE_SR] = { "Subscription Response", "rx.sr", "tx.sr" },
};

const char *
mh_type_name(uint8_t type)
{
	return type <= MH_TYPE_LAST_ASSIGNED ? mh_types[type].name : "unassigned";
}

const char *
mh_type_stat_name(uint8_t type)
{
	return type <= MH_TYPE_LAST_ASSIGNED ? mh_types[type].rx : "rx.unassigned";
}

const char *
mh_type_tx_stat_name(uint8_t type)
{
	return type <= MH_TYPE_LAST_ASSIGNED ? mh_types[type].tx : "tx.unassigned";
}

const char *
mh_type_str(uint8_t type, char *buf, size_t len)
{
	snprintf(buf, len, "%s (%u)", mh_type_name(type), type);
	return buf;
}

/* IANA "Status Codes" (Binding Acknowledgement), values 0-180 */
static const char *const mh_ba_status_low[] = {
	[0] = "Binding Update accepted",
	[1] = "Accepted but prefix discovery necessary",
	[2] = "GRE key option not required",			/* RFC 5845 */
	[3] = "GRE tunneling but TLV header not supported",	/* RFC 5845 */
	[4] = "MCoA not complete",				/* RFC 5648 */
	[5] = "MCoA return home without NDP",			/* RFC 5648 */
	[6] = "PBU accepted, TB ignored, settings mismatch",	/* RFC 6058 */
};

static const char *const mh_ba_status_high[] = {
	[128 - 128] = "Reason unspecified",
	[129 - 128] = "Administratively prohibited",
	[130 - 128] = "Insufficient resources",
	[131 - 128] = "Home registration not supported",
	[132 - 128] = "Not home subnet",
	[133 - 128] = "Not home agent for this mobile node",
	[134 - 128] = "Duplicate Address Detection failed",
	[135 - 128] = "Sequence number out of window",
	[136 - 128] = "Expired home nonce index",
	[137 - 128] = "Expired care-of nonce index",
	[138 - 128] = "Expired nonces",
	[139 - 128] = "Registration type change disallowed",
	[140 - 128] = "Mobile Router Operation not permitted",		/* RFC 3963 */
	[141 - 128] = "Invalid Prefix",
	[142 - 128] = "Not Authorized for Prefix",
	[143 - 128] = "Forwarding Setup failed",
	[144 - 128] = "MIPV6-ID-MISMATCH",				/* RFC 4285 */
	[145 - 128] = "MIPV6-MESG-ID-REQD",
	[146 - 128] = "MIPV6-AUTH-FAIL",
	[147 - 128] = "Permanent home keygen token unavailable",	/* RFC 4866 */
	[148 - 128] = "CGA and signature verification failed",
	[149 - 128] = "Permanent home keygen token exists",
	[150 - 128] = "Non-null home nonce index expected",
	[151 - 128] = "SERVICE_AUTHORIZATION_FAILED",			/* RFC 5149 */
	[152 - 128] = "PROXY_REG_NOT_ENABLED",				/* RFC 5213 */
	[153 - 128] = "NOT_LMA_FOR_THIS_MOBILE_NODE",
	[154 - 128] = "MAG_NOT_AUTHORIZED_FOR_PROXY_REG",
	[155 - 128] = "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX",
	[156 - 128] = "TIMESTAMP_MISMATCH",
	[157 - 128] = "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED",
	[158 - 128] = "MISSING_HOME_NETWORK_PREFIX_OPTION",
	[159 - 128] = "BCE_PBU_PREFIX_SET_DO_NOT_MATCH",
	[160 - 128] = "MISSING_MN_IDENTIFIER_OPTION",
	[161 - 128] = "MISSING_HANDOFF_INDICATOR_OPTION",
	[162 - 128] = "MISSING_ACCESS_TECH_TYPE_OPTION",
	[163 - 128] = "GRE_KEY_OPTION_REQUIRED",			/* RFC 5845 */
	[164 - 128] = "MCOA MALFORMED",					/* RFC 5648 */
	[165 - 128] = "MCOA NON-MCOA BINDING EXISTS",
	[166 - 128] = "MCOA PROHIBITED",
	[167 - 128] = "MCOA UNKNOWN COA",
	[168 - 128] = "MCOA BULK REGISTRATION PROHIBITED",
	[169 - 128] = "MCOA SIMULTANEOUS HOME AND FOREIGN PROHIBITED",
	[170 - 128] = "NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE",	/* RFC 5844 */
	[171 - 128] = "NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS",
	[172 - 128] = "NOT_AUTHORIZED_FOR_IPV6_MOBILITY_SERVICE",
	[173 - 128] = "MULTIPLE_IPV4_HOME_ADDRESS_ASSIGNMENT_NOT_SUPPORTED",
	[174 - 128] = "Invalid Care-of Address",
	[175 - 128] = "INVALID_MOBILE_NODE_GROUP_IDENTIFIER",		/* RFC 6602 */
	[176 - 128] = "REINIT_SA_WITH_HAC",				/* RFC 6618 */
	[177 - 128] = "NOT_AUTHORIZED_FOR_DELEGATED_MNP",		/* RFC 7148 */
	[178 - 128] = "REQUESTED_DMNP_IN_USE",
	[179 - 128] = "CANNOT_MEET_QOS_SERVICE_REQUEST",		/* RFC 7222 */
	[180 - 128] = "CANNOT_SUPPORT_MULTIPATH_BINDING",		/* RFC 8278 */
};

const char *
mh_ba_status_name(uint8_t status)
{
	const char *s = NULL;

	if (status < sizeof(mh_ba_status_low) / sizeof(mh_ba_status_low[0]))
		s = mh_ba_status_low[status];
	else if (status >= 128 && (size_t)(status - 128) <
	    sizeof(mh_ba_status_high) / sizeof(mh_ba_status_high[0]))
		s = mh_ba_status_high[status - 128];
	return s != NULL ? s : "unassigned";
}

const char *
mh_ba_status_str(uint8_t status, char *buf, size_t len)
{
	snprintf(buf, len, "%s (%u)", mh_ba_status_name(status), status);
	return buf;
}

const char *
mh_be_status_name(uint8_t status)
{
	switch (status) {
	case MH_BE_UNKNOWN_HAO:
		return "Unknown binding for Home Address destination option";
	case MH_BE_UNKNOWN_TYPE:
		return "Unrecognized MH Type value";
	default:
		return "unassigned";
	}
}

const char *
mh_opt_name(uint8_t type)
{
	switch (type) {
	case MH_OPT_PAD1:	return "Pad1";
	case MH_OPT_PADN:	return "PadN";
	case MH_OPT_REFRESH:	return "Binding Refresh Advice";
	case MH_OPT_ALTCOA:	return "Alternate Care-of Address";
	case MH_OPT_NONCE:	return "Nonce Indices";
	case MH_OPT_AUTH:	return "Binding Authorization Data";
	case MH_OPT_MNP:	return "Mobile Network Prefix";
	case MH_OPT_EXP:	return "Experimental";
	default:		return "unknown";
	}
}

static const struct {
	const char	*str;
	const char	*stat;
} mh_reasons[MH_REASON_MAX] = {
	[MH_OK] = { "ok", "rx.ok" },
	[MH_ERR_TRUNCATED] = { "truncated", "drop.truncated" },
	[MH_ERR_CHECKSUM] = { "bad checksum", "drop.bad-checksum" },
	[MH_ERR_BAD_PROTO] = { "payload proto not 59", "drop.bad-proto" },
	[MH_ERR_UNKNOWN_TYPE] = { "unrecognised MH type", "drop.unknown-type" },
	[MH_ERR_BAD_LEN] = { "header length below minimum", "drop.bad-length" },
	[MH_ERR_OPT_TRUNCATED] = { "option truncated", "drop.opt-truncated" },
	[MH_ERR_OPT_LEN] = { "bad option length", "drop.opt-length" },
	[MH_ERR_OPT_ALIGN] = { "misaligned option", "drop.opt-align" },
	[MH_ERR_OPT_DUP] = { "duplicate option", "drop.opt-dup" },
	[MH_ERR_OPT_AUTH_NOT_LAST] = { "option after authorization data",
	    "drop.opt-auth-not-last" },
	[MH_ERR_OPT_TOO_MANY] = { "too many mobile network prefixes", "drop.opt-too-many" },
	[MH_ERR_OPT_VALUE] = { "bad option value", "drop.opt-value" },
};

const char *
mh_reason_str(enum mh_reason r)
{
	return (unsigned)r < MH_REASON_MAX ? mh_reasons[r].str : "unknown reason";
}

const char *
mh_reason_stat_name(enum mh_reason r)
{
	return (unsigned)r < MH_REASON_MAX ? mh_reasons[r].stat : "drop.other";
}

const char *
mh_action_str(enum mh_action a)
{
	switch (a) {
	case MH_ACT_NONE:	return "accept";
	case MH_DROP:		return "discard";
	case MH_SEND_BE_2:	return "binding error 2";
	case MH_SEND_PARAMPROB:	return "parameter problem";
	default:		return "unknown action";
	}
}

static const char *
flags_str(unsigned flags, unsigned top, const char *letters, char *buf, size_t len)
{
	size_t i, n = 0;

	if (len == 0)
		return buf;
	for (i = 0; letters[i] != '\0'; i++) {
		if ((flags & (top >> i)) && n + 1 < len)
			buf[n++] = letters[i];
	}
	buf[n] = '\0';
	return buf;
}

const char *
mh_bu_flags_str(uint16_t flags, char *buf, size_t len)
{
	return flags_str(flags, 0x8000, "AHLKMRPFTBSD", buf, len);
}

const char *
mh_ba_flags_str(uint8_t flags, char *buf, size_t len)
{
	return flags_str(flags, 0x80, "KRPTBSD", buf, len);
}
