// libsodium (apt: libsodium-dev). All encryption at rest in swarmd goes through it.
#include <sodium.h>
