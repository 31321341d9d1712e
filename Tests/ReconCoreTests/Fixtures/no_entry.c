/* Fixture: a valid shared library that does not export recon_task_entry_v1 (only some
 * other symbol). The host must refuse: "does not export recon_task_entry_v1". */
__attribute__((visibility("default"))) int recon_fixture_not_an_entry(int x);

__attribute__((visibility("default"))) int recon_fixture_not_an_entry(int x)
{
    return x + 1;
}
