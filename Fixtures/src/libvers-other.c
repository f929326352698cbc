/* libvers.so.1 rebuilt with another version script: node OTHER_1 instead of
 * VERS_1/VERS_2, so a program that needs VERS_2 finds no node of that series. */
int vers_old(int x) { return x + 2; }
int vers_new(int x) { return x * 2; }
