import streamlit as st

st.title("topics")
