/* Test-and-set spinlocks; the irqsave forms keep IPIs from deadlocking us. */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <stdint.h>
#include <hv/x86.h>

typedef struct {
	volatile uint32_t locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
	uint64_t f = save_flags_cli();

	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t f)
{
	spin_unlock(l);
	restore_flags(f);
}

#endif
