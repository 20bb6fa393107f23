/*
 * TEST HARNESS ONLY — NEVER SHIPPED.
 *
 * A stand-in for bcryptprimitives.dll under Wine 8.0 (Debian 12), which
 * lacks it. Go 1.22 and later fill their random numbers with ProcessPrng
 * from that DLL, which every Windows 10/11 has; without it a Go program
 * dies at start under Wine. `make test-windows` builds this file with
 * mingw-w64 and copies the DLL into its own Wine prefix (build/wine/),
 * never into the release zip.
 *
 * ProcessPrng is answered with RtlGenRandom (advapi32's SystemFunction036),
 * which Wine implements.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
