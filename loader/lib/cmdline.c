/* pvboot's own parameters (see cmdline.h). */
#include "loader/lib/cmdline.h"

bool cmdline_get(const char *cmdline, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);
	bool found = false;

	for (const char *p = cmdline; *p;) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		/* "key" alone counts as "key=" (a flag). */
		if ((size_t)(end - p) >= kl && !memcmp(p, key, kl) && (p[kl] == '=' || p + kl == end)) {
			size_t n = p + kl == end ? 0 : (size_t)(end - p) - kl - 1;
			if (n < size) {
				memcpy(out, p + kl + (n ? 1 : 0), n);
				out[n] = '\0';
				found = true;
			}
		}
		p = end;
	}
	return found;
}
