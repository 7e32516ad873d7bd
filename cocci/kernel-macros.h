/*
 * kernel-macros.h: kernel constructs spatch cannot parse on its own,
 * given to it as --macro-file with the rules of this directory.  Each is a
 * shape spatch does understand, enough to parse the code around it; the
 * rules never match inside these macros.  Add a construct when
 * `kmap-local scan` lists a file as unparsed because of it.
 */

/* Declarators and attributes used without a trailing semicolon or type. */
#define DECLARE_VM_GET_PAGE_PROT
#define CRYPTO_MINALIGN_ATTR
#define DEF_SCSI_QCMD(func_name) int func_name(void);

/* Statement-like "with" blocks: a loop head followed by a statement. */
#define with_intel_runtime_pm(rpm, wf) for (;;)
#define with_intel_runtime_pm_if_active(rpm, wf) for (;;)
#define scoped_guard(type, ...) for (;;)
#define scoped_cond_guard(type, fail, ...) for (;;)
#define drm_exec_until_all_locked(exec) for (;;)

/* Initializer fragments without a separating comma. */
#define SET_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) .suspend = suspend_fn, .resume = resume_fn,
#define SET_RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn) .runtime_suspend = suspend_fn, .runtime_resume = resume_fn, .runtime_idle = idle_fn,
