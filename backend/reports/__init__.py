"""The municipality's figures (funnel, new volunteers, demand, hours), with small-number suppression."""
