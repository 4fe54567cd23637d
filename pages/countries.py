import streamlit as st

st.title("countries")
