/* A plugin that calls back into its host (host_api) and needs nothing else. */
int host_api(int x);

int plugin_entry(void) { return host_api(41); }
