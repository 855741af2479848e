/* loop.h - the single event loop: file descriptors, timers and signals on libevent */
#ifndef MIP6D_LOOP_H
#define MIP6D_LOOP_H

#include <stdint.h>

struct event_base;
struct loop_timer;
struct loop_io;

typedef void (*loop_cb)(void *arg);
typedef void (*loop_io_cb)(int fd, void *arg);

int	loop_init(void);
void	loop_free(void);
struct event_base *loop_base(void);
/* Run until loop_exit(); returns 0, or -1 when libevent failed. */
int	loop_run(void);
void	loop_exit(void);

/* Monotonic milliseconds, read once per callback (loop.c). */
uint64_t loop_now_ms(void);
/* The same reading in nanoseconds (a Binding Update's arrival, for the BU-to-BA histogram). */
uint64_t loop_now_ns(void);
/* Wall-clock milliseconds (CLOCK_REALTIME), read once per callback like loop_now_ms. */
uint64_t loop_wall_ms(void);
/* Work outside a callback that reads the clock per item (start-up with thousands of
 * bindings): the clocks are read once between hold and release, as in a callback. */
void	loop_clock_hold(void);
void	loop_clock_release(void);

struct loop_timer *loop_timer_new(loop_cb cb, void *arg);
/* (Re)arm to fire once after ms milliseconds. */
void	loop_timer_arm(struct loop_timer *t, uint64_t ms);
void	loop_timer_cancel(struct loop_timer *t);
int	loop_timer_pending(const struct loop_timer *t);
void	loop_timer_free(struct loop_timer *t);

/* Persistent read interest on fd; cb runs whenever fd is readable. */
struct loop_io *loop_io_add(int fd, loop_io_cb cb, void *arg);
void	loop_io_free(struct loop_io *io);
/* Write interest on fd, off until loop_io_enable(io, 1); cb runs whenever fd is writable. */
struct loop_io *loop_io_add_write(int fd, loop_io_cb cb, void *arg);
/* Turn the interest of io (read or write, as it was added) on or off; 0, or -1 on failure. */
int	loop_io_enable(struct loop_io *io, int on);

/* Persistent handler for a signal, run from the loop (not from signal context). */
int	loop_signal_add(int signo, loop_cb cb, void *arg);

#endif
