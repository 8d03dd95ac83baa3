"""Demo and benchmark data: `load_demo` (the Kent Safeguarding Children Board of 2008–2013,
for trying Tabled and for the tests) and `generate_scale` (a generated twenty-year history,
for the benchmarks). It writes through the product apps' services and models; nothing in
the product imports it, and production settings leave it out of INSTALLED_APPS."""
