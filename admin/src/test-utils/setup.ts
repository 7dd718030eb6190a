// jsdom has no layout, so it reports scrollTo as "not implemented" each time the router restores scroll.
window.scrollTo = () => undefined;
