// Starts the design system's behaviour (mobile menu drawer, menu overflow, accordions, …).
DKFDS.init();
