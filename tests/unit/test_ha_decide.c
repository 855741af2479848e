/* test_ha_decide.c - the Home Agent's Binding Update verdicts, named after the HA conformance
 * cases they cover (shared/conformance/ha_tests.txt) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "ha_decide.h"
#include "hao_decide.h"

static struct ha_bu_input
base_bu(void)
{
	struct ha_bu_input in;

	memset(&in, 0, sizeof(in));
	in.seq = 15;
	in.home_reg = 1;
	in.lifetime_s = 400;
	inet_pton(AF_INET6, "2001:db8:1::100", &in.hoa);
	inet_pton(AF_INET6, "2001:db8:2::100", &in.coa);
	in.is_ha = 1;
	in.on_home_prefix = 1;
	in.to_right_ha = 1;
	in.acl_allows = 1;
	in.prefix_valid_s = 86400;
	in.max_lifetime_s = 3600;
	return in;
}

static struct ha_bu_verdict
decide(const struct ha_bu_input *in)
{
	struct ha_bu_verdict v;

	ha_bu_decide(in, &v);
	return v;
}

/* Second BU after a first one with sequence number first was accepted. */
static struct ha_bu_verdict
second_bu(uint16_t first, uint16_t second)
{
	struct ha_bu_input in = base_bu();

	in.has_bce = 1;
	in.bce_home = 1;
	in.bce_seq = first;
	in.seq = second;
	return decide(&in);
}

/* HA_2_1_1, HA_2_1_2: a valid first home registration is accepted */
static void
test_HA_2_1_1_valid_bu(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v = decide(&in);

	assert_int_equal(v.action, HA_ACCEPT);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.lifetime_s, 400);
	assert_true(v.first);
	assert_int_equal(v.ba_seq, 15);
}

/* HA_2_1_3: decreasing the lifetime of an existing binding */
static void
test_HA_2_1_3_decrease_lifetime(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v;

	in.has_bce = 1;
	in.bce_home = 1;
	in.bce_seq = 14;
	in.lifetime_s = 40;
	v = decide(&in);
	assert_int_equal(v.action, HA_ACCEPT);
	assert_int_equal(v.lifetime_s, 40);
	assert_false(v.first);
}

/* HA_2_1_9: the granted lifetime never exceeds the home prefix's valid lifetime */
static void
test_HA_2_1_9_prefix_lifetime(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v;

	in.prefix_valid_s = 120;
	v = decide(&in);
	assert_int_equal(v.action, HA_ACCEPT);
	assert_int_equal(v.lifetime_s, 120);
	in.prefix_valid_s = 86400;
	in.lifetime_s = 60000;
	v = decide(&in);
	assert_int_equal(v.lifetime_s, 3600);
}

/* HA_2_2_1, HA_2_2_2: home address outside every served prefix: 132 */
static void
test_HA_2_2_1_not_home_subnet(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v;

	in.on_home_prefix = 0;
	v = decide(&in);
	assert_int_equal(v.action, HA_REJECT);
	assert_int_equal(v.status, 132);
}

/* HA_2_2_3: the access list refuses this mobile node: 129 */
static void
test_HA_2_2_3_unauthorized(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v;

	in.acl_allows = 0;
	v = decide(&in);
	assert_int_equal(v.action, HA_REJECT);
	assert_int_equal(v.status, 129);
}

/* HA_2_2_7: Nonce Indices in a home registration: silently discarded */
static void
test_HA_2_2_7_nonce_indices(void **state)
{
	struct ha_bu_input in = base_bu();

	in.has_nonce_indices = 1;
	assert_int_equal(decide(&in).action, HA_DROP);
}

/* HA_2_2_9 .. HA_2_2_14: HAO with a link-local or multicast address: silently discarded */
static void
test_HA_2_2_9_hao_link_local(void **state)
{
	struct ha_bu_input in = base_bu();

	inet_pton(AF_INET6, "fe80::100", &in.hoa);
	assert_int_equal(decide(&in).action, HA_DROP);
	in.link_local = 1;
	assert_int_equal(decide(&in).action, HA_DROP);
}

static void
test_HA_2_2_13_hao_multicast(void **state)
{
	struct ha_bu_input in = base_bu();

	inet_pton(AF_INET6, "ff02::1", &in.hoa);
	assert_int_equal(decide(&in).action, HA_DROP);
}

/* HA_2_5_1 .. HA_2_5_8: 15 then 16, 15 then 32782 are accepted */
static void
test_HA_2_5_seq_accepted(void **state)
{
	assert_int_equal(second_bu(15, 16).action, HA_ACCEPT);
	assert_int_equal(second_bu(15, 32782).action, HA_ACCEPT);
}

/* HA_2_6_1 .. HA_2_6_12: 15 then 14, 15, 32783 are out of window: 135 with the last number */
static void
test_HA_2_6_seq_rejected(void **state)
{
	uint16_t second[] = { 14, 15, 32783 };
	struct ha_bu_verdict v;
	size_t i;

	for (i = 0; i < 3; i++) {
		v = second_bu(15, second[i]);
		assert_int_equal(v.action, HA_REJECT);
		assert_int_equal(v.status, 135);
		assert_int_equal(v.ba_seq, 15);
	}
}

/* HA_2_7_1 .. HA_2_7_8: 32783 then 32784 and 32783 then 14 (across the wrap) are accepted */
static void
test_HA_2_7_seq_wrap_accepted(void **state)
{
	assert_int_equal(second_bu(32783, 32784).action, HA_ACCEPT);
	assert_int_equal(second_bu(32783, 14).action, HA_ACCEPT);
}

/* HA_2_8_1 .. HA_2_8_12: 32783 then 32782, 32783, 15 are rejected with 135 */
static void
test_HA_2_8_seq_wrap_rejected(void **state)
{
	uint16_t second[] = { 32782, 32783, 15 };
	struct ha_bu_verdict v;
	size_t i;

	for (i = 0; i < 3; i++) {
		v = second_bu(32783, second[i]);
		assert_int_equal(v.status, 135);
		assert_int_equal(v.ba_seq, 32783);
	}
}

/* HA_3_1_1, HA_3_1_2, HA_3_1_4: lifetime 0 or CoA = HoA de-registers an existing binding */
static void
test_HA_3_1_deregistration(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v;

	in.has_bce = 1;
	in.bce_home = 1;
	in.bce_seq = 14;
	in.lifetime_s = 0;
	v = decide(&in);
	assert_int_equal(v.action, HA_DEREGISTER);
	assert_int_equal(v.status, 0);
	assert_int_equal(v.lifetime_s, 0);
	in.lifetime_s = 400;
	in.coa = in.hoa;
	v = decide(&in);
	assert_int_equal(v.action, HA_DEREGISTER);
}

/* RFC 6275 10.3.2: de-registration without a home registration: 133 */
static void
test_deregistration_without_binding(void **state)
{
	struct ha_bu_input in = base_bu();
	struct ha_bu_verdict v;

	in.lifetime_s = 0;
	v = decide(&in);
	assert_int_equal(v.action, HA_REJECT);
	assert_int_equal(v.status, 133);
}

static void
test_not_ha_131(void **state)
{
	struct ha_bu_input in = base_bu();

	in.is_ha = 0;
	assert_int_equal(decide(&in).status, 131);
}

static void
test_wrong_ha_133(void **state)
{
	struct ha_bu_input in = base_bu();

	in.to_right_ha = 0;
	assert_int_equal(decide(&in).status, 133);
}

static void
test_type_change_139(void **state)
{
	struct ha_bu_input in = base_bu();

	in.has_bce = 1;
	in.bce_home = 0;
	in.bce_seq = 1;
	assert_int_equal(decide(&in).status, 139);
}

static void
test_cache_full_130(void **state)
{
	struct ha_bu_input in = base_bu();

	in.cache_full = 1;
	assert_int_equal(decide(&in).status, 130);
	/* a refresh of an existing binding is still served */
	in.has_bce = 1;
	in.bce_home = 1;
	in.bce_seq = 1;
	assert_int_equal(decide(&in).action, HA_ACCEPT);
}

/* ---- a Home Address option the kernel let in under no binding (hao_report_decide) ---- */

static struct hao_verdict
hao(int mh_type, int has_bce, int active, int coa_matches)
{
	struct hao_input in = { mh_type, has_bce, active, coa_matches };
	struct hao_verdict v;

	hao_report_decide(&in, &v);
	assert_non_null(v.reason);
	return v;
}

/* RFC 6275 9.3.1: an Echo Request (any upper layer) with no binding: Binding Error 1 */
static void
test_hao_no_binding_be1(void **state)
{
	struct hao_verdict v = hao(-1, 0, 0, 0);

	assert_int_equal(v.answer, HAO_BE_UNKNOWN_BINDING);
	assert_int_equal(v.status, 1);
}

/* a binding for the home address, but the packet comes from another care-of address: 1 */
static void
test_hao_other_coa_be1(void **state)
{
	struct hao_verdict v = hao(-1, 1, 1, 0);

	assert_int_equal(v.status, 1);
	assert_string_equal(v.reason, "hao.unknown-care-of-address");
}

/* a first registration still in DAD is no binding yet */
static void
test_hao_pending_be1(void **state)
{
	assert_int_equal(hao(-1, 1, 0, 1).status, 1);
}

/* the binding is there with this care-of address (a home registration or a correspondent
 * binding alike, one cache): refused for another reason, no Binding Error */
static void
test_hao_with_binding_silent(void **state)
{
	struct hao_verdict v = hao(-1, 1, 1, 1);

	assert_int_equal(v.answer, HAO_SILENT);
	assert_int_equal(v.status, 0);
}

/* RFC 6275 9.3.1: never for a Binding Update (an ESP policy refused it) */
static void
test_hao_bu_silent(void **state)
{
	assert_int_equal(hao(5, 0, 0, 0).answer, HAO_SILENT);
	assert_int_equal(hao(5, 1, 1, 0).answer, HAO_SILENT);
}

/* HA_1_1_1 through the kernel's report: unknown MH type: status 2 (RFC 6275 9.2) */
static void
test_HA_1_1_1_hao_unknown_type_be2(void **state)
{
	struct hao_verdict v = hao(50, 0, 0, 0);

	assert_int_equal(v.answer, HAO_BE_UNKNOWN_TYPE);
	assert_int_equal(v.status, 2);
	/* a known type other than the BU (a HoTI with the option) without binding: 1 */
	assert_int_equal(hao(1, 0, 0, 0).status, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_HA_2_1_1_valid_bu),
		cmocka_unit_test(test_HA_2_1_3_decrease_lifetime),
		cmocka_unit_test(test_HA_2_1_9_prefix_lifetime),
		cmocka_unit_test(test_HA_2_2_1_not_home_subnet),
		cmocka_unit_test(test_HA_2_2_3_unauthorized),
		cmocka_unit_test(test_HA_2_2_7_nonce_indices),
		cmocka_unit_test(test_HA_2_2_9_hao_link_local),
		cmocka_unit_test(test_HA_2_2_13_hao_multicast),
		cmocka_unit_test(test_HA_2_5_seq_accepted),
		cmocka_unit_test(test_HA_2_6_seq_rejected),
		cmocka_unit_test(test_HA_2_7_seq_wrap_accepted),
		cmocka_unit_test(test_HA_2_8_seq_wrap_rejected),
		cmocka_unit_test(test_HA_3_1_deregistration),
		cmocka_unit_test(test_deregistration_without_binding),
		cmocka_unit_test(test_not_ha_131),
		cmocka_unit_test(test_wrong_ha_133),
		cmocka_unit_test(test_type_change_139),
		cmocka_unit_test(test_cache_full_130),
		cmocka_unit_test(test_hao_no_binding_be1),
		cmocka_unit_test(test_hao_other_coa_be1),
		cmocka_unit_test(test_hao_pending_be1),
		cmocka_unit_test(test_hao_with_binding_silent),
		cmocka_unit_test(test_hao_bu_silent),
		cmocka_unit_test(test_HA_1_1_1_hao_unknown_type_be2),
	};

	return cmocka_run_group_tests_name("ha_decide", tests, NULL, NULL);
}
