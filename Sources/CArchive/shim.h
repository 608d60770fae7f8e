// libarchive (apt: libarchive-dev): tar (pax) with zstd for backups and image layers.
#include <archive.h>
#include <archive_entry.h>
