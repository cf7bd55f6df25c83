/* pb_panic for host builds: internal invariant broken; stop loudly. */
#include <stdio.h>
#include <stdlib.h>

#include "loader/lib/heap.h"

void pb_panic(const char *msg)
{
	fprintf(stderr, "pvboot: panic: %s\n", msg);
	abort();
}
