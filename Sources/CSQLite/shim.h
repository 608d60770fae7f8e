// SQLite (apt: libsqlite3-dev): the worker task database, and the snapshot-image format the
// store-image benchmark compares against the store's own.
#include <sqlite3.h>
