/*
 * lptime: a nanosecond clock for dom0's bench scripts (busybox date has no
 * %N). `lptime now` prints CLOCK_MONOTONIC in ns; `lptime run CMD...` runs
 * CMD and prints "lptime: NS ns" on stderr, exiting with CMD's status, so
 * the figure excludes the shell's own fork and the clock reads around it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static int run(char **argv)
{
	unsigned long long t0 = now_ns();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("lptime: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "lptime: cannot run %s\n", argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("lptime: waitpid");
		return 127;
	}
	fprintf(stderr, "lptime: %llu ns\n", now_ns() - t0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%llu\n", now_ns());
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "run"))
		return run(argv + 2);
	fprintf(stderr, "usage: lptime now | lptime run CMD [ARG...]\n");
	return 2;
}
