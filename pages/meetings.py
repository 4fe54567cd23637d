import streamlit as st

st.title("meetings")
