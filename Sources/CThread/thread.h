#ifndef ABIDOCTOR_CTHREAD_H
#define ABIDOCTOR_CTHREAD_H

#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <sys/types.h>

/* Where a started thread first runs. On Linux 6.18 (EEVDF) on this project's 2-CPU virtual machine,
 * a thread created by a busy thread was queued on its creator's CPU and ran only when the creator
 * stopped or the load balancer moved it: 1.7 ms on average after pthread_create (a C test: the
 * creator busy for 2 ms, 20 creations), while the other CPU stood idle; with its first CPU chosen
 * away from the creator's, 38 us. So short parallel runs (100 files, 26 programs' trees) ended before
 * their second thread began. The new thread starts with every CPU its creator may use except the
 * creator's current one, and gives itself the whole set back before its work: from then on the
 * scheduler places it as it places any thread.
 *
 * glibc declares these only under _GNU_SOURCE, which Swift's Glibc module does not set; the
 * declarations are glibc's and musl's own (the getter is for the tests, which read the set back). */
int pthread_attr_setaffinity_np(pthread_attr_t *attr, size_t size, const cpu_set_t *set);
int pthread_attr_getaffinity_np(const pthread_attr_t *attr, size_t size, cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getcpu(void);

/* The CPUs the creator may use, and whether the new thread was started away from the creator's. */
typedef struct {
  cpu_set_t allowed;
  int placed;
} abidoctor_thread_placement;

/* A set as glibc's CPU_* macros read it: CPU n is bit n % W of word n / W (W: the bits of a long). */
#define ABIDOCTOR_CPU_WORD_BITS (8 * sizeof(unsigned long))
#define ABIDOCTOR_CPU_WORDS (sizeof(cpu_set_t) / sizeof(unsigned long))

/* Whether CPU `cpu` is in the set (CPU_ISSET). */
static inline int abidoctor_cpu_in(const cpu_set_t *set, int cpu) {
  const unsigned long *words = (const unsigned long *)set;
  if (cpu < 0 || (size_t)cpu >= 8 * sizeof(cpu_set_t)) return 0;
  return (words[(size_t)cpu / ABIDOCTOR_CPU_WORD_BITS] >> ((size_t)cpu % ABIDOCTOR_CPU_WORD_BITS)) & 1UL;
}

/* How many CPUs the set holds (CPU_COUNT). */
static inline int abidoctor_cpu_count(const cpu_set_t *set) {
  const unsigned long *words = (const unsigned long *)set;
  int count = 0;
  for (size_t i = 0; i < ABIDOCTOR_CPU_WORDS; i++) count += __builtin_popcountl(words[i]);
  return count;
}

/* Sets `attr` to start the thread on the creator's CPUs but its current one; `placement` keeps the
 * whole set for the thread to restore. Leaves `attr` alone (placed = 0) when the creator may use one
 * CPU only or a call fails: the thread then starts where the scheduler puts it. */
static inline void abidoctor_place_away(pthread_attr_t *attr, abidoctor_thread_placement *placement) {
  placement->placed = 0;
  if (sched_getaffinity(0, sizeof placement->allowed, &placement->allowed) != 0) return;
  int here = sched_getcpu();
  if (!abidoctor_cpu_in(&placement->allowed, here) || abidoctor_cpu_count(&placement->allowed) < 2) return;
  cpu_set_t away = placement->allowed;
  ((unsigned long *)&away)[(size_t)here / ABIDOCTOR_CPU_WORD_BITS] &= ~(1UL << ((size_t)here % ABIDOCTOR_CPU_WORD_BITS));
  if (pthread_attr_setaffinity_np(attr, sizeof away, &away) == 0) placement->placed = 1;
}

/* Called first by the started thread: every CPU its creator may use, back. */
static inline void abidoctor_restore_placement(const abidoctor_thread_placement *placement) {
  if (placement->placed) (void)sched_setaffinity(0, sizeof placement->allowed, &placement->allowed);
}

#endif
