package dev.hydrant.application;

/** KDA's ApplicationStatus. READY and RUNNING are the resting states; the others last while a worker acts. */
public enum ApplicationStatus {
    DELETING,
    STARTING,
    STOPPING,
    READY,
    RUNNING,
    UPDATING
}
