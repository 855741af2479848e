/* test_sentinel.c - the Redis Sentinel protocol's decisions: the master a Sentinel names, the
 * +switch-master message, ROLE, and the order in which the Sentinels are asked */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ha_sentinel.h"

/* Replies as hiredis builds them, on the stack: a string, an array of up to four. */
static redisReply strs[8], *elems[4];

static redisReply *
str(int i, int type, const char *s)
{
	memset(&strs[i], 0, sizeof(strs[i]));
	strs[i].type = type;
	strs[i].str = (char *)s;
	strs[i].len = s != NULL ? strlen(s) : 0;
	return &strs[i];
}

static redisReply *
arr(redisReply *a, size_t n)
{
	memset(a, 0, sizeof(*a));
	a->type = REDIS_REPLY_ARRAY;
	a->elements = n;
	a->element = elems;
	return a;
}

static enum sentinel_answer
master2(const char *h, const char *p, char *host, uint16_t *port)
{
	static redisReply a;

	elems[0] = str(0, REDIS_REPLY_STRING, h);
	elems[1] = str(1, REDIS_REPLY_STRING, p);
	return sentinel_master_of(arr(&a, 2), host, port);
}

static void
test_master_of(void **state)
{
	char host[SENTINEL_HOST_MAX], big[300];
	redisReply a, nil;
	uint16_t port = 0;

	assert_int_equal(master2("2001:db8:1::fffe", "6380", host, &port), SENTINEL_MASTER);
	assert_string_equal(host, "2001:db8:1::fffe");
	assert_int_equal(port, 6380);
	assert_int_equal(master2("redis-a.example", "65535", host, &port), SENTINEL_MASTER);
	assert_string_equal(host, "redis-a.example");
	assert_int_equal(port, 65535);

	/* nil: this Sentinel does not know the name (another Sentinel may) */
	memset(&nil, 0, sizeof(nil));
	nil.type = REDIS_REPLY_NIL;
	assert_int_equal(sentinel_master_of(&nil, host, &port), SENTINEL_UNKNOWN);

	/* errors, no reply (connection lost), wrong shapes, bad ports and hosts */
	assert_int_equal(sentinel_master_of(NULL, host, &port), SENTINEL_BAD);
	assert_int_equal(sentinel_master_of(str(2, REDIS_REPLY_ERROR, "IDONTKNOW I lost"),
	    host, &port), SENTINEL_BAD);
	elems[0] = str(0, REDIS_REPLY_STRING, "::1");
	assert_int_equal(sentinel_master_of(arr(&a, 1), host, &port), SENTINEL_BAD);
	elems[1] = str(1, REDIS_REPLY_INTEGER, NULL);
	strs[1].integer = 6379;
	assert_int_equal(sentinel_master_of(arr(&a, 2), host, &port), SENTINEL_BAD);
	elems[2] = str(2, REDIS_REPLY_STRING, "x");
	elems[1] = str(1, REDIS_REPLY_STRING, "6379");
	assert_int_equal(sentinel_master_of(arr(&a, 3), host, &port), SENTINEL_BAD);
	assert_int_equal(master2("::1", "0", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("::1", "65536", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("::1", "100000", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("::1", "-1", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("::1", "63 79", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("::1", "", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("", "6379", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("a b", "6379", host, &port), SENTINEL_BAD);
	assert_int_equal(master2("a\n", "6379", host, &port), SENTINEL_BAD);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(master2(big, "6379", host, &port), SENTINEL_BAD);
	big[SENTINEL_HOST_MAX - 1] = '\0';	/* the longest that fits */
	assert_int_equal(master2(big, "6379", host, &port), SENTINEL_MASTER);
	assert_int_equal(strlen(host), SENTINEL_HOST_MAX - 1);
	/* a NUL inside a binary-safe string is not a host */
	elems[0] = str(0, REDIS_REPLY_STRING, "ab");
	strs[0].str = "a\0b";
	strs[0].len = 3;
	assert_int_equal(sentinel_master_of(arr(&a, 2), host, &port), SENTINEL_BAD);
}

static int
sw(const char *msg, const char *name, char *host, uint16_t *port)
{
	return sentinel_switch_of(msg, strlen(msg), name, host, port);
}

static void
test_switch_of(void **state)
{
	char host[SENTINEL_HOST_MAX] = "";
	uint16_t port = 0;

	assert_int_equal(sw("mymaster 2001:db8:1::fffe 6379 2001:db8:1::fffe 6380", "mymaster",
	    host, &port), 1);
	assert_string_equal(host, "2001:db8:1::fffe");
	assert_int_equal(port, 6380);
	assert_int_equal(sw("m 10.0.0.1 6379 redis-b.example 7000", "m", host, &port), 1);
	assert_string_equal(host, "redis-b.example");
	assert_int_equal(port, 7000);

	/* another master of the same Sentinels: not ours, nothing changes */
	strcpy(host, "unchanged");
	assert_int_equal(sw("other ::1 6379 ::2 6379", "mymaster", host, &port), 0);
	assert_int_equal(sw("mymaster2 ::1 6379 ::2 6379", "mymaster", host, &port), 0);
	assert_int_equal(sw("mymaste ::1 6379 ::2 6379", "mymaster", host, &port), 0);
	assert_string_equal(host, "unchanged");

	/* malformed: too few or too many fields, empty fields, bad ports */
	assert_int_equal(sw("", "m", host, &port), -1);
	assert_int_equal(sw("m ::1 6379 ::2", "m", host, &port), -1);
	assert_int_equal(sw("m ::1 6379 ::2 6380 extra", "m", host, &port), -1);
	assert_int_equal(sw("m ::1 6379 ::2 6380 ", "m", host, &port), -1);
	assert_int_equal(sw("m  ::1 6379 ::2 6380", "m", host, &port), -1);
	assert_int_equal(sw(" m ::1 6379 ::2 6380", "m", host, &port), -1);
	assert_int_equal(sw("m ::1 6379 ::2 0", "m", host, &port), -1);
	assert_int_equal(sw("m ::1 x ::2 6380", "m", host, &port), -1);
	assert_int_equal(sw("m ::1 6379 ::2 65536", "m", host, &port), -1);
	assert_string_equal(host, "unchanged");
	/* the length given counts, not a NUL */
	assert_int_equal(sentinel_switch_of("m ::1 6379 ::2 6380 tail", 19, "m", host, &port), 1);
	assert_string_equal(host, "::2");
	assert_int_equal(port, 6380);
}

static void
test_role(void **state)
{
	redisReply a;

	elems[0] = str(0, REDIS_REPLY_STRING, "master");
	assert_true(sentinel_role_is_master(arr(&a, 3)));
	elems[0] = str(0, REDIS_REPLY_STRING, "slave");
	assert_false(sentinel_role_is_master(arr(&a, 5)));
	elems[0] = str(0, REDIS_REPLY_STRING, "sentinel");
	assert_false(sentinel_role_is_master(arr(&a, 2)));
	elems[0] = str(0, REDIS_REPLY_STRING, "masters");
	assert_false(sentinel_role_is_master(arr(&a, 1)));
	assert_false(sentinel_role_is_master(arr(&a, 0)));
	assert_false(sentinel_role_is_master(NULL));
	assert_false(sentinel_role_is_master(str(1, REDIS_REPLY_ERROR, "ERR unknown command")));
	assert_false(sentinel_role_is_master(str(1, REDIS_REPLY_STRING, "master")));
}

static void
test_walk(void **state)
{
	struct sentinel_walk w;

	/* from the one that answered last, each once, around the list */
	sentinel_walk_start(&w, 3, 1);
	assert_int_equal(sentinel_walk_next(&w), 1);
	assert_int_equal(sentinel_walk_next(&w), 2);
	assert_int_equal(sentinel_walk_next(&w), 0);
	assert_int_equal(sentinel_walk_next(&w), -1);
	assert_int_equal(sentinel_walk_next(&w), -1);

	sentinel_walk_start(&w, 3, 0);
	assert_int_equal(sentinel_walk_next(&w), 0);
	assert_int_equal(sentinel_walk_next(&w), 1);
	assert_int_equal(sentinel_walk_next(&w), 2);
	assert_int_equal(sentinel_walk_next(&w), -1);

	/* one Sentinel; a remembered index beyond a shorter list starts at the first */
	sentinel_walk_start(&w, 1, 0);
	assert_int_equal(sentinel_walk_next(&w), 0);
	assert_int_equal(sentinel_walk_next(&w), -1);
	sentinel_walk_start(&w, 2, 5);
	assert_int_equal(sentinel_walk_next(&w), 0);
	assert_int_equal(sentinel_walk_next(&w), 1);
	assert_int_equal(sentinel_walk_next(&w), -1);
	sentinel_walk_start(&w, 0, 0);
	assert_int_equal(sentinel_walk_next(&w), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_master_of),
		cmocka_unit_test(test_switch_of),
		cmocka_unit_test(test_role),
		cmocka_unit_test(test_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
