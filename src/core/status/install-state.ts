/**
 * The states of an install as `status` tells them (src/core/status/assess.ts decides which):
 * not-installed: no task ever ran (a kickstarted host keeps its answers before its first boot already);
 * running: a run holds the run lock; failed: a task failed in the last run; interrupted: begun, neither
 * finished nor failed, and no run going on (a run stopped or killed); complete: every task of the plan is done.
 */
export type InstallState = 'not-installed' | 'running' | 'interrupted' | 'failed' | 'complete';
