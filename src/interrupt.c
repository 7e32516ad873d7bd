#include "interrupt.h"
#include "run_command.h"
#include "scratch.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

static const int handled[] = { SIGINT, SIGTERM, SIGHUP };
static sigset_t waited;
static atomic_bool got_signal;

bool interrupted(void)
{
	return atomic_load(&got_signal);
}

static void *signal_thread(void *arg)
{
	sigset_t one;
	int sig = 0;

	(void)arg;
	while (sigwait(&waited, &sig) != 0)
		;
	atomic_store(&got_signal, true);
	child_stop_all(2000);
	scratch_remove_all();
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	return NULL;
}

/* exit() after an interrupt: let the signal thread finish and end us. */
static void wait_for_signal_thread(void)
{
	while (interrupted())
		pause();
}

void interrupt_setup(void)
{
	pthread_t thread;
	pthread_attr_t attr;

	signal(SIGXFSZ, SIG_IGN);
	sigemptyset(&waited);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++) {
		struct sigaction old;

		if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaddset(&waited, handled[i]);
	}
	if (sigisemptyset(&waited))
		return;
	pthread_sigmask(SIG_BLOCK, &waited, NULL);
	atexit(wait_for_signal_thread);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, signal_thread, NULL))
		pthread_sigmask(SIG_UNBLOCK, &waited, NULL);
	pthread_attr_destroy(&attr);
}
