/*
 * Serial console (16550 UART) and the log ring. The ring keeps the last
 * HV_LOG_RING bytes so dom0 can read the hypervisor log later; the UART
 * is polled because the console must work before interrupts do.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/logring.h>
#include <hv/spinlock.h>
#include <hv/x86.h>

#define HV_LOG_RING (64 * 1024)

static uint16_t uart_base;
static char ring_buf[HV_LOG_RING];
static struct log_ring ring = { .buf = ring_buf, .size = HV_LOG_RING };
static spinlock_t console_lock;

static void uart_init(uint16_t base)
{
	outb(base + 1, 0x00);          /* no interrupts */
	outb(base + 3, 0x80);          /* DLAB */
	outb(base + 0, 0x01);          /* 115200 baud */
	outb(base + 1, 0x00);
	outb(base + 3, 0x03);          /* 8N1 */
	outb(base + 2, 0xc7);          /* FIFO on */
	outb(base + 4, 0x03);
}

static void uart_putc(char c)
{
	if (!uart_base)
		return;
	for (int i = 0; i < 100000 && !(inb(uart_base + 5) & 0x20); i++)
		cpu_relax();
	outb(uart_base, (uint8_t)c);
}

unsigned short console_io_base(void)
{
	return uart_base;
}

/* COM2 unless told otherwise; -EINVAL (still on COM2) for a port we don't know. */
int console_init(const char *port)
{
	bool known = !port || !strcmp(port, "com1") || !strcmp(port, "com2");

	uart_base = port && !strcmp(port, "com1") ? 0x3f8 : 0x2f8;
	uart_init(uart_base);
	return known ? 0 : -EINVAL;
}

void console_write(const char *s, size_t len)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	for (size_t i = 0; i < len; i++) {
		log_ring_put(&ring, s[i]);
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
	spin_unlock_irqrestore(&console_lock, flags);
}

uint64_t console_log_read(uint64_t from, char *dst, uint64_t max,
			  uint64_t *first, uint64_t *head)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);
	uint64_t n = log_ring_read(&ring, from, dst, max, first);

	*head = ring.head;
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}
