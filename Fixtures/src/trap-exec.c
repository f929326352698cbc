/* An executable whose interpreter is the trap interpreter and which needs
 * libtrap.so: running it, or loading its dependencies, leaves a marker. */
int trap_answer(void);

int main(void) { return trap_answer() == 42 ? 0 : 1; }
