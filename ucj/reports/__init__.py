"""What goes out to people: figures derived from the warehouse, the screens' charts and the documents.

measures    every derived figure (UCJ %, gap to target, cost to cover, scenario, forecast, bands), once
charts      plotly figures of the screens (no streamlit)
choropleth  the choropleth of the Peta screen and the briefing's map
summary     a region's exact figures on a day (CLI `summary`)
briefing    the Musrenbang briefing gathered once; documents lays it out as PDF and PPTX
"""
