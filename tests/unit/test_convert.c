/* test_convert.c - mip6d-convert-umip: UMIP tokens, statements, keywords and the output */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "umip.h"

/* Problems reported, one per line. */
static char reported[4096];

static void
collect(const char *msg, void *arg)
{
	size_t len = strlen(reported);

	snprintf(reported + len, sizeof(reported) - len, "%s\n", msg);
}

static void
lex_all(const char *text, enum utok_type *types, char **texts, int *lines, int max, int *n)
{
	struct ulex lx;
	struct utok t;

	ulex_init(&lx, "t.conf", text, strlen(text));
	for (*n = 0; *n < max; (*n)++) {
		ulex_next(&lx, &t);
		types[*n] = t.type;
		texts[*n] = t.text;
		lines[*n] = t.line;
		if (t.type == UT_EOF || t.type == UT_ERROR) {
			if (t.type == UT_ERROR)
				snprintf(reported, sizeof(reported), "%s", lx.err);
			(*n)++;
			return;
		}
	}
}

static void
test_lex_tokens(void **state)
{
	const char *text =
	    "# comment\n"
	    "NodeConfig HA; // another\n"
	    "/* a block\n comment */ HomeAddress 2001:db8::1/64 (2001:db8:2::/48, x);\n"
	    "DebugLogFile \"/var/log/a \\\"b\\\".log\";\n"
	    "Interface \"eth0\" { }\n";
	enum utok_type types[32];
	char *texts[32];
	int lines[32], n, i;

	lex_all(text, types, texts, lines, 32, &n);
	assert_int_equal(n, 19);
	assert_int_equal(types[0], UT_WORD);
	assert_string_equal(texts[0], "NodeConfig");
	assert_int_equal(lines[0], 2);
	assert_string_equal(texts[1], "HA");
	assert_int_equal(types[2], UT_SEMI);
	assert_string_equal(texts[3], "HomeAddress");
	assert_int_equal(lines[3], 4);
	assert_string_equal(texts[4], "2001:db8::1/64");
	assert_int_equal(types[5], UT_LPAREN);
	assert_string_equal(texts[6], "2001:db8:2::/48");
	assert_int_equal(types[7], UT_COMMA);
	assert_int_equal(types[9], UT_RPAREN);
	assert_int_equal(types[12], UT_STRING);
	assert_string_equal(texts[12], "/var/log/a \"b\".log");
	assert_int_equal(lines[12], 5);
	assert_int_equal(types[15], UT_STRING);
	assert_string_equal(texts[15], "eth0");
	assert_int_equal(types[16], UT_LBRACE);
	assert_int_equal(types[17], UT_RBRACE);
	assert_int_equal(types[18], UT_EOF);
	for (i = 0; i < n; i++)
		free(texts[i]);
}

static void
test_lex_errors(void **state)
{
	enum utok_type types[16];
	char *texts[16];
	int lines[16], n, i;

	reported[0] = '\0';
	lex_all("A;\nB \"open\n;", types, texts, lines, 16, &n);
	assert_int_equal(types[n - 1], UT_ERROR);
	assert_string_equal(reported, "t.conf:2: unterminated string");
	for (i = 0; i < n; i++)
		free(texts[i]);

	reported[0] = '\0';
	lex_all("A;\n\n/* never\nclosed", types, texts, lines, 16, &n);
	assert_int_equal(types[n - 1], UT_ERROR);
	assert_string_equal(reported, "t.conf:3: unterminated comment");
	for (i = 0; i < n; i++)
		free(texts[i]);

	/* A word next to a comment: the comment ends the word. */
	lex_all("a//b\nc/*d*/e", types, texts, lines, 16, &n);
	assert_int_equal(n, 4);
	assert_string_equal(texts[0], "a");
	assert_string_equal(texts[1], "c");
	assert_string_equal(texts[2], "e");
	for (i = 0; i < n; i++)
		free(texts[i]);
}

static int
read_buf(struct utree *t, const char *text)
{
	memset(t, 0, sizeof(*t));
	reported[0] = '\0';
	return utree_read_buf(t, "t.conf", text, strlen(text), collect, NULL);
}

static void
test_tree_blocks(void **state)
{
	struct utree t;
	const struct ustmt *s;

	assert_int_equal(read_buf(&t,
	    "NodeConfig MN;\n"
	    "MnHomeLink \"eth0\" {\n"
	    "\tHomeAgentAddress 2001:db8::1;\n"
	    "\tHomeAddress 2001:db8::2/64;\n"
	    "};\n"
	    "Interface \"eth0\" { MnIfPreference 2; }\n"
	    ";\n"
	    "Interface \"wlan0\";\n"), 0);
	s = t.stmts;
	assert_string_equal(s->kw, "NodeConfig");
	assert_int_equal(s->nargs, 1);
	s = s->next;
	assert_string_equal(s->kw, "MnHomeLink");
	assert_true(s->has_block);
	assert_int_equal(s->line, 2);
	assert_string_equal(s->block->kw, "HomeAgentAddress");
	assert_string_equal(s->block->next->args[0].text, "2001:db8::2/64");
	assert_int_equal(s->block->next->line, 4);
	s = s->next;
	assert_string_equal(s->kw, "Interface");
	assert_string_equal(s->block->kw, "MnIfPreference");
	s = s->next;
	assert_string_equal(s->args[0].text, "wlan0");
	assert_false(s->has_block);
	assert_null(s->next);
	utree_free(&t);
}

static void
test_tree_errors(void **state)
{
	struct utree t;

	/* A forgotten ';' is named on its line, and the next statement still counts. */
	assert_int_equal(read_buf(&t, "DebugLevel 3\nNodeConfig HA;\n"), 1);
	assert_string_equal(reported, "t.conf:1: DebugLevel: missing ';'\n");
	assert_string_equal(t.stmts->kw, "NodeConfig");
	utree_free(&t);

	assert_int_equal(read_buf(&t, "A {\n B;\n"), 1);
	assert_string_equal(reported, "t.conf:1: A: block not closed before the end of the file\n");
	utree_free(&t);

	assert_int_equal(read_buf(&t, "A;\n}\nB;\n"), 1);
	assert_string_equal(reported, "t.conf:2: unexpected '}'\n");
	assert_string_equal(t.stmts->next->kw, "B");
	utree_free(&t);

	assert_int_equal(read_buf(&t, "A;\nB x"), 1);
	assert_string_equal(reported, "t.conf:2: B: missing ';' at the end of the file\n");
	utree_free(&t);

	assert_int_equal(read_buf(&t, "\"x\" y;\nC ( a;\n"), 2);
	assert_string_equal(reported, "t.conf:1: expected a keyword, found a string\n"
	    "t.conf:2: C: unbalanced '('\n");
	utree_free(&t);
}

static void
test_tree_include(void **state)
{
	char dir[] = "/tmp/test_convert.XXXXXX", path[300], inc[300];
	struct utree t;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/main.conf", dir);
	snprintf(inc, sizeof(inc), "%s/part.inc", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "NodeConfig CN;\ninclude \"part.inc\";\nDebugLevel 1;\ninclude \"nope\";\n");
	fclose(f);
	f = fopen(inc, "w");
	assert_non_null(f);
	fprintf(f, "# part\nDoRouteOptimizationCN disabled;\n");
	fclose(f);

	memset(&t, 0, sizeof(t));
	reported[0] = '\0';
	assert_int_equal(utree_read_file(&t, path, collect, NULL), 1);
	assert_non_null(strstr(reported, "main.conf:4: include: cannot open"));
	assert_string_equal(t.stmts->kw, "NodeConfig");
	assert_string_equal(t.stmts->next->kw, "DoRouteOptimizationCN");
	assert_int_equal(t.stmts->next->line, 2);
	assert_string_equal(t.stmts->next->file, inc);
	assert_string_equal(t.stmts->next->next->kw, "DebugLevel");
	utree_free(&t);

	/* A file that includes itself stops at the depth limit. */
	f = fopen(inc, "w");
	assert_non_null(f);
	fprintf(f, "include \"part.inc\";\n");
	fclose(f);
	memset(&t, 0, sizeof(t));
	reported[0] = '\0';
	assert_true(utree_read_file(&t, inc, collect, NULL) >= 1);
	assert_non_null(strstr(reported, "nested too deeply"));
	utree_free(&t);

	unlink(inc);
	unlink(path);
	rmdir(dir);
}

static int
build(struct utree *t, struct uconf *c, const char *text)
{
	int n = read_buf(t, text);

	memset(c, 0, sizeof(*c));
	return n + uconf_build(c, t, collect, NULL);
}

static void
test_conf_values(void **state)
{
	struct utree t;
	struct uconf c;

	assert_int_equal(build(&t, &c,
	    "NodeConfig HA;\n"
	    "HaMaxBindingLife 3600;\n"
	    "InitialBindackTimeoutFirstReg 1.25;\n"
	    "DoRouteOptimizationCN disabled;\n"
	    "BindingAclPolicy 2001:db8::5 (2001:db8:5::/48, 2001:db8:6::/48) deny;\n"
	    "HaServedPrefix 2001:db8::/64;\n"
	    "IPsecPolicySet {\n"
	    "  HomeAgentAddress 2001:db8::1;\n"
	    "  HomeAddress 2001:db8::5/64;\n"
	    "  IPsecPolicy HomeRegBinding UseESP 11 12;\n"
	    "}\n"), 0);
	assert_int_equal(c.node, UNODE_HA);
	assert_int_equal(c.opt[UO_HA_MAX_BLIFE].ival, 3600);
	assert_int_equal(c.opt[UO_BA_TIMEOUT_FIRST].ival, 1250);
	assert_int_equal(c.opt[UO_DO_RO_CN].ival, 0);
	assert_int_equal(c.opt[UO_DO_RO_CN].src.line, 4);
	assert_non_null(c.acls);
	assert_false(c.acls->allow);
	assert_int_equal(c.acls->nmnps, 2);
	assert_string_equal(c.acls->mnps[1], "2001:db8:6::/48");
	assert_int_equal(c.nserved, 1);
	assert_non_null(c.ipsec);
	assert_string_equal(c.ipsec->ha, "2001:db8::1");
	assert_int_equal(c.ipsec->npols, 1);
	assert_int_equal(c.ipsec->pols[0].type, UIP_HOME_REG_BINDING);
	assert_int_equal(c.ipsec->pols[0].reqid_ha, 12);
	uconf_free(&c);
	utree_free(&t);
}

static void
test_conf_errors(void **state)
{
	struct utree t;
	struct uconf c;

	assert_int_equal(build(&t, &c,
	    "NodeConfig XX;\n"
	    "DoRouteOptimizationMN maybe;\n"
	    "HaMaxBindingLife -5;\n"
	    "MnHomeLink \"eth0\" {\n"
	    "  HomeAgentAddress 2001:db8::zz;\n"
	    "  HomeAddress 2001:db8::2;\n"
	    "  Frob 1;\n"
	    "}\n"
	    "IPsecPolicy HomeRegBinding UseESP;\n"
	    "IPsecPolicySet { IPsecPolicy Weird UseESP 1 2; }\n"
	    "BindingAclPolicy 2001:db8::1 perhaps;\n"
	    "Interface \"eth0\" { MnIfPreference 99; }\n"
	    "Interface \"eth0\";\n"), 12);
	assert_string_equal(reported,
	    "t.conf:1: NodeConfig: 'XX' is not CN, MN or HA\n"
	    "t.conf:2: DoRouteOptimizationMN: 'maybe' is not enabled or disabled\n"
	    "t.conf:3: HaMaxBindingLife: '-5' is not a non-negative integer\n"
	    "t.conf:5: HomeAgentAddress: '2001:db8::zz' is not an IPv6 address\n"
	    "t.conf:6: HomeAddress: '2001:db8::2' is not ADDR/PLEN\n"
	    "t.conf:7: Frob: unknown keyword inside MnHomeLink\n"
	    "t.conf:4: MnHomeLink: no HomeAddress\n"
	    "t.conf:9: IPsecPolicy: only inside IPsecPolicySet\n"
	    "t.conf:10: IPsecPolicy: unknown policy type 'Weird'\n"
	    "t.conf:11: BindingAclPolicy: 'perhaps' is not allow or deny\n"
	    "t.conf:12: MnIfPreference: '99' is not a preference 1-15\n"
	    "t.conf:13: Interface: interface eth0 already given at t.conf:12\n");
	uconf_free(&c);
	utree_free(&t);
}

static char *
write_conf(const char *text, int *errors, struct uhl_given *links)
{
	struct uwrite_opts o = { .source = "t.conf", .home_links = links, .report = collect };
	struct utree t;
	struct uconf c;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(build(&t, &c, text), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	*errors = uconf_write(f, &c, &o);
	fclose(f);
	uconf_free(&c);
	utree_free(&t);
	return buf;
}

static void
test_write_mn(void **state)
{
	char *out;
	int errors;

	out = write_conf(
	    "NodeConfig MN;\n"
	    "Interface \"wlan0\" { MnIfPreference 1; }\n"
	    "Interface \"eth0\" { MnIfPreference 5; }\n"
	    "MnMaxHaBindingLife 1000000;\n"
	    "MnMaxCnBindingLife 300;\n"
	    "MnRouterProbes 3;\n"
	    "MnHomeLink \"eth0\" {\n"
	    "  HomeAgentAddress 2001:db8:1::1;\n"
	    "  HomeAddress 2001:db8:1::100/64;\n"
	    "  MnRoPolicy 2001:db8:9::9 disabled;\n"
	    "}\n"
	    "MnHomeLink \"eth1\" { HomeAddress 2001:db8:2::100/64; }\n", &errors, NULL);
	assert_int_equal(errors, 0);
	assert_non_null(strstr(out, "roles = {mn, cn}"));
	assert_non_null(strstr(out, "interface \"wlan0\" {\n\tpreference = 15"));
	assert_non_null(strstr(out, "interface \"eth0\" {\n\tpreference = 11"));
	assert_non_null(strstr(out, "correspondent-binding-lifetime = 300"));
	assert_non_null(strstr(out, "peer \"2001:db8:9::9/128\" {"));
	assert_non_null(strstr(out, "\t\troute-optimization = no\n"));
	assert_non_null(strstr(out, "home-address \"2001:db8:1::100/64\" {\n"
	    "\thome-agent = \"2001:db8:1::1\"\n\tlifetime = 262140"));
	assert_non_null(strstr(out, "home-address \"2001:db8:2::100/64\" {\n"
	    "\thome-agent = discover\n"));
	/* Notes: out of range, no equivalent, per home address policy. */
	assert_non_null(strstr(out, "# t.conf:4: MnMaxHaBindingLife 1000000; -- out of "
	    "mip6d's range 4-262140; 262140 is used"));
	assert_non_null(strstr(out, "# t.conf:6: MnRouterProbes 3; -- no equivalent"));
	assert_non_null(strstr(out, "# t.conf:10: MnRoPolicy (home address)"));
	free(out);
}

static void
test_write_ha(void **state)
{
	struct uhl_given g = { .ifname = "eth1", .addr = "2001:db8:1::1", .plen = 64 };
	char *out;
	int errors;

	out = write_conf(
	    "NodeConfig HA;\n"
	    "DoRouteOptimizationCN disabled;\n"
	    "Interface \"eth1\";\n"
	    "DefaultBindingAclPolicy deny;\n"
	    "BindingAclPolicy 2001:db8:1::5 allow;\n"
	    "BindingAclPolicy 2001:db8:1::6 deny;\n", &errors, &g);
	assert_int_equal(errors, 0);
	assert_non_null(strstr(out, "roles = {ha}"));
	assert_null(strstr(out, "correspondent-node"));
	assert_non_null(strstr(out, "\tallow = {\"2001:db8:1::5/128\"}\n"));
	assert_non_null(strstr(out, "\tdeny = {\"2001:db8:1::6/128\"}\n"));
	assert_non_null(strstr(out, "home-link \"eth1\" {\n"));
	assert_non_null(strstr(out, "\tprefix = {\"2001:db8:1::/64\"}\n"
	    "\thome-agent-address = \"2001:db8:1::1\"\n"));
	free(out);

	/* Default allow: the allow list must keep everyone else in. */
	out = write_conf(
	    "NodeConfig HA;\n"
	    "Interface \"eth1\";\n"
	    "BindingAclPolicy 2001:db8:1::5 allow;\n", &errors, &g);
	assert_int_equal(errors, 0);
	assert_non_null(strstr(out, "\tallow = {\"::/0\", \"2001:db8:1::5/128\"}\n"));
	assert_non_null(strstr(out, "roles = {ha, cn}"));
	free(out);

	/* Without the address of the home agent: an error naming the Interface line. */
	reported[0] = '\0';
	out = write_conf("NodeConfig HA;\nInterface \"nonexistent9\";\n", &errors, NULL);
	assert_int_equal(errors, 1);
	assert_non_null(strstr(reported, "t.conf:2: Interface nonexistent9: the home agent's "
	    "address"));
	free(out);
}

static void
test_write_cn_default(void **state)
{
	char *out;
	int errors;

	out = write_conf("# nothing but a comment\n", &errors, NULL);
	assert_int_equal(errors, 0);
	assert_non_null(strstr(out, "roles = {cn}"));
	assert_non_null(strstr(out, "correspondent-node {\n\troute-optimization = yes"));
	free(out);
}

static void
test_setkey(void **state)
{
	const char *text =
	    "flush;\n"
	    "spdadd ::/0 ::/0 any -P out ipsec esp/transport//require;\n"
	    "add 2001:db8::2 2001:db8::1 esp 0x1000 -m transport -u 7\n"
	    "  -E rijndael-cbc \"0123456789abcdef\" -A hmac-sha1 0x0102030405060708091011121314151617181920;\n"
	    "add 2001:db8::1 2001:db8::2 esp 4097 -E des-cbc 0x0011223344556677\n"
	    "  -A hmac-md5 0x00112233445566778899aabbccddeeff;\n"
	    "add 2001:db8::2 2001:db8::1 esp 4098 -m tunnel -E null;\n"
	    "add 2001:db8::2 2001:db8::1 esp 4099 -m sideways -E null;\n"
	    "add 192.0.2.1 192.0.2.2 esp 300 -E 3des-cbc \"123456789012345678901234\";\n";
	struct usetkey k;
	const struct usa *sa;

	memset(&k, 0, sizeof(k));
	reported[0] = '\0';
	assert_int_equal(usetkey_read_buf(&k, "s.conf", text, strlen(text), collect, NULL), 1);
	assert_string_equal(reported, "s.conf:8: add: 'sideways' is not a mode\n");

	sa = usetkey_find(&k, "2001:db8::2", "2001:db8:0::1", USA_TRANSPORT);
	assert_non_null(sa);
	assert_int_equal(sa->spi, 0x1000);
	assert_int_equal(sa->src_loc.line, 3);
	assert_string_equal(sa->enc, "aes-128-cbc");
	assert_string_equal(sa->enc_key, "0x30313233343536373839616263646566");
	assert_string_equal(sa->auth, "hmac-sha1");
	assert_null(sa->problem);

	/* Mode "any" (the default) fits a tunnel too; unsupported algorithms are named. */
	sa = usetkey_find(&k, "2001:db8::1", "2001:db8::2", USA_TUNNEL);
	assert_non_null(sa);
	assert_int_equal(sa->spi, 4097);
	assert_non_null(sa->problem);
	assert_non_null(strstr(sa->problem, "encryption algorithm"));

	sa = usetkey_find(&k, "2001:db8::2", "2001:db8::1", USA_TUNNEL);
	assert_non_null(sa);
	assert_int_equal(sa->spi, 4098);
	assert_string_equal(sa->enc, "null");
	assert_null(sa->enc_key);
	assert_non_null(strstr(sa->problem, "no authentication"));

	assert_null(usetkey_find(&k, "2001:db8::3", "2001:db8::1", USA_TRANSPORT));
	usetkey_free(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lex_tokens),
		cmocka_unit_test(test_lex_errors),
		cmocka_unit_test(test_tree_blocks),
		cmocka_unit_test(test_tree_errors),
		cmocka_unit_test(test_tree_include),
		cmocka_unit_test(test_conf_values),
		cmocka_unit_test(test_conf_errors),
		cmocka_unit_test(test_write_mn),
		cmocka_unit_test(test_write_ha),
		cmocka_unit_test(test_write_cn_default),
		cmocka_unit_test(test_setkey),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
