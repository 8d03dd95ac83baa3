"""Performance: metrics with their figures, multi-agency audits, their charts, pages, admin
and CSV import. The models keep the `governance` app label (and their tables and history);
`governance.models` imports them so Django finds them."""
