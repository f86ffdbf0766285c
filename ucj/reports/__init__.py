"""What goes out to people: figures derived from the warehouse, the screens' charts and the documents.

measures    every derived figure (UCJ %, gap to target, cost to cover, scenario, forecast, bands), once
charts      shared Plotly style and bar shapes (no streamlit)
screens     what each screen shows: its derived figures, tables and Plotly figures, one module per page
choropleth  the choropleth of the Peta screen and the briefing's map
summary     a region's exact figures on a day (CLI `summary`)
briefing    the Musrenbang briefing gathered once; documents lays it out as PDF and PPTX
"""
