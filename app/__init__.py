"""County performance dashboard (县域发展绩效看板)."""
